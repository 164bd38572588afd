/**
 * Does a module write names into its own namespace at run time (`globals()[name] = ...`,
 * protobuf's `_pb2.py` handing `globals()` to a builder, `sys.modules[__name__]`)? Its bindings
 * then do not show what `from it import *` binds. Read from the text: a cheap, cautious yes.
 */
const OWN_NAMESPACE = /\bglobals\s*\(\s*\)|\bsys\.modules\s*\[\s*__name__\s*\]/;

export function writesOwnNamespace(text: string): boolean {
  return OWN_NAMESPACE.test(text);
}
