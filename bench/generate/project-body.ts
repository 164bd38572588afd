import type { Ref } from "./project-imports.js";
import type { Random } from "./random.js";

/** Statements for a function or method body that use `refs`, about `target` lines long. */
export function bodyLines(rand: Random, refs: Ref[], target: number, indent: string, self: boolean): string[] {
  const out: string[] = [];
  const owner = self ? "self.name" : "str(value)";
  out.push(`${indent}result: Dict[str, Any] = {"key": ${owner}, "value": value}`);
  let step = 0;
  while (out.length < target - 1) {
    const ref = refs.length > 0 && rand.chance(0.7) ? rand.pick(refs) : undefined;
    step++;
    if (!ref) {
      out.push(`${indent}total_${step} = value * ${rand.int(2, 9)} + len(result)`);
      out.push(`${indent}result["step_${step}"] = total_${step}`);
    } else if (ref.kind === "const") {
      out.push(`${indent}if value > ${ref.expr}:`);
      out.push(`${indent}    result["over_${step}"] = value - ${ref.expr}`);
    } else if (ref.kind === "class") {
      out.push(`${indent}item_${step} = ${ref.expr}("${rand.pick(WORDS)}", value)`);
      out.push(`${indent}result["item_${step}"] = item_${step}.describe()`);
    } else {
      out.push(`${indent}part_${step} = ${ref.expr}(value + ${step})`);
      out.push(`${indent}result.update(part_${step} or {})`);
    }
  }
  out.push(`${indent}return result`);
  return out;
}

const WORDS = ["alpha", "beta", "gamma", "delta", "omega", "north", "south", "east", "west"];
