/** Word lists for plausible identifiers in generated Python code. */
export const NOUNS = [
  "account", "address", "agent", "alert", "asset", "audit", "batch", "billing", "booking", "bucket",
  "cache", "campaign", "card", "cart", "catalog", "channel", "charge", "checkout", "claim", "client",
  "cluster", "comment", "config", "contract", "coupon", "credit", "customer", "dataset", "deal",
  "delivery", "device", "discount", "document", "domain", "draft", "email", "endpoint", "event",
  "export", "feature", "feed", "file", "filter", "flag", "folder", "form", "grant", "group", "image",
  "import", "incident", "invoice", "issue", "item", "job", "kernel", "key", "label", "ledger",
  "license", "limit", "listing", "lock", "log", "member", "message", "metric", "model", "node",
  "note", "offer", "order", "owner", "package", "page", "partner", "payment", "payout", "permit",
  "plan", "policy", "post", "price", "profile", "project", "quota", "rate", "receipt", "record",
  "refund", "region", "release", "report", "request", "reservation", "resource", "review", "role",
  "route", "rule", "schedule", "schema", "score", "secret", "segment", "session", "setting",
  "shipment", "signal", "site", "slot", "snapshot", "source", "stock", "store", "stream", "subject",
  "subscription", "survey", "task", "tax", "team", "template", "tenant", "ticket", "token", "topic",
  "trace", "transfer", "trigger", "upload", "usage", "user", "vendor", "version", "volume",
  "voucher", "wallet", "webhook", "widget", "workflow", "zone",
] as const;

export const VERBS = [
  "apply", "build", "check", "collect", "compute", "convert", "create", "decode", "delete", "dispatch",
  "encode", "ensure", "export", "fetch", "filter", "find", "format", "group", "handle", "index",
  "load", "lookup", "merge", "normalize", "parse", "prepare", "publish", "refresh", "render",
  "resolve", "save", "schedule", "score", "split", "store", "sync", "track", "update", "validate",
] as const;

export const CLASS_SUFFIXES = [
  "Service", "Manager", "Repository", "Handler", "Builder", "Policy", "Record", "Config", "Client",
  "Adapter", "Result", "Spec", "State", "View", "Store", "Factory", "Processor", "Registry",
] as const;

export const CONST_SUFFIXES = ["LIMIT", "TIMEOUT", "RETRIES", "BATCH_SIZE", "VERSION", "TTL", "PAGE_SIZE"] as const;

/** `order_item` → `OrderItem`. */
export function camel(snake: string): string {
  return snake.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/** Python keywords and builtins a generated identifier must not be. */
export const RESERVED = new Set([
  "import", "class", "def", "return", "global", "pass", "from", "lambda", "with", "type", "list",
  "filter", "format", "id", "input", "object", "property", "hash", "map", "set", "dict", "open",
]);
