import type { Column, Table } from "../../schema/model.js";
import { str, type Expr } from "../expr.js";
import type { ClassRef, ExtractContext } from "../context.js";
import type { PyClass, PyModule } from "../pymodule.js";

/** A Django app as far as model naming needs: its label and default primary key field. */
export interface DjangoAppInfo {
  label: string;
  autoField: string;
}

export interface DjangoModel {
  ref: ClassRef;
  app: DjangoAppInfo;
  /** Null for abstract and proxy models. */
  table: Table | null;
  fields: string[];
}

interface DjangoState {
  byClass: Map<PyClass, DjangoModel>;
  /** "app_label.model" (lower case) → model. */
  byLabel: Map<string, DjangoModel>;
  defaultAutoField: string | null | undefined;
  /**
   * A relation column's type, still to be read from the column it references: run on demand, so a
   * column that references another relation column (a parent link to a parent whose own primary
   * key is a parent link) reads it once that one is settled, in whatever order modules were read.
   */
  pending: Map<Column, () => void>;
}

const states = new WeakMap<ExtractContext, DjangoState>();

export function djangoState(ctx: ExtractContext): DjangoState {
  let s = states.get(ctx);
  if (!s) {
    s = { byClass: new Map(), byLabel: new Map(), defaultAutoField: undefined, pending: new Map() };
    states.set(ctx, s);
  }
  return s;
}

/** Settles a relation column's type now if it is still pending (once: a cycle of references ends). */
export function settleColumn(ctx: ExtractContext, col: Column): void {
  const pending = djangoState(ctx).pending;
  const settle = pending.get(col);
  if (!settle) return;
  pending.delete(col);
  settle();
}

/**
 * The app a models module belongs to: the package above `models` (`shop.models.book` → shop),
 * with the label and default_auto_field of its AppConfig in `<app>/apps.py` when it sets them, and
 * settings' DEFAULT_AUTO_FIELD (Django 3.2's default: AutoField) otherwise.
 */
export function djangoApp(ctx: ExtractContext, mod: PyModule, appLabel: string | null): DjangoAppInfo {
  const parts = mod.module.split(".");
  // The app is the package holding `models`, also when `models` is a package (`guardian/models/models.py`).
  const at = parts.indexOf("models");
  const pkg = (at >= 0 ? parts.slice(0, at) : parts.slice(0, -1)).join(".");
  let label = appLabel ?? pkg.split(".").pop() ?? mod.module;
  let autoField: string | null = null;
  const apps = ctx.project.get(`${pkg}.apps`);
  for (const cls of apps?.classes.values() ?? []) {
    if (!cls.bases.some((b) => /AppConfig$/.test(b.text))) continue;
    const attr = (n: string) => {
      const s = cls.body.find((x) => x.kind === "assign" && x.targets.includes(n));
      return s && s.kind === "assign" ? (str(s.value) ?? fallback(s.value)) : null;
    };
    if (attr("name") && attr("name") !== pkg) continue;
    if (!appLabel) label = attr("label") ?? label;
    autoField = attr("default_auto_field");
  }
  return { label, autoField: (autoField ?? defaultAutoField(ctx) ?? "AutoField").split(".").pop()! };
}

/**
 * `app_settings.DEFAULT_AUTO_FIELD or "django.db.models.BigAutoField"`: a reusable app's own
 * setting with its default; the project that sets none gets the string after `or`.
 */
function fallback(e: Expr | undefined): string | null {
  return e?.k === "binop" && e.op === "or" ? str(e.right) : null;
}

/** settings' DEFAULT_AUTO_FIELD, found by a text search of the project (read once). */
function defaultAutoField(ctx: ExtractContext): string | null {
  const st = djangoState(ctx);
  if (st.defaultAutoField !== undefined) return st.defaultAutoField;
  st.defaultAutoField = null;
  for (const m of ctx.project.moduleNames()) {
    const hit = /^DEFAULT_AUTO_FIELD\s*=\s*["']([\w.]+)["']/m.exec(ctx.project.text(m) ?? "");
    if (hit) {
      st.defaultAutoField = hit[1];
      break;
    }
  }
  return st.defaultAutoField;
}
