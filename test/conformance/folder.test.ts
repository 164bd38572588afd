// Conformance cases that move the whole app/models package (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("folder");
