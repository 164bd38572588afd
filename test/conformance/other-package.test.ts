// Conformance cases that move the module into an existing package (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("other-package");
