// Conformance cases that apply a two-step plan (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("batch");
