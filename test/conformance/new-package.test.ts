// Conformance cases that move the module into a package that does not exist yet (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("new-package");
