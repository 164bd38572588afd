/** Reading source files goes through the one codec the writer also uses (see core/source-codec.ts). */
export { decodeSource, type DecodedSource } from "../core/source-codec.js";
