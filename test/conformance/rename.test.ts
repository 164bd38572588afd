// Conformance cases that rename app/models/user.py in its package (see suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite("rename");
