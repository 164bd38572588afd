// Conformance cases that move by dotted names (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("dotted");
