"""HTTP-facing layer: request/response schemas and handlers (framework-agnostic here)."""
