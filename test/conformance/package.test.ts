// Conformance cases that turn app/models/user.py into a package (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("package");
