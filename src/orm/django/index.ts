/** Django: `models.Model` subclasses, their fields, Meta, and the app registry. */
import type { FrameworkTraits } from "../../schema/frameworks.js";
import type { OrmExtractor } from "../extractor.js";
import { extractDjangoModel } from "./django.js";

export const DJANGO_TRAITS: FrameworkTraits = {
  serverDefaults: false,
  comments: false,
  generatedColumns: false,
  identityFromModel: false,
  ownsCheckConstraints: false,
  foreignKeyActions: false,
  patternOpsTwins: true,
  fixedPostgresTypes: true,
  keylessTables: false,
  relationFields: true,
  arrayField: true,
  sharedClassNames: false,
};

export const django: OrmExtractor<"django"> = {
  id: "django",
  frameworks: { django: DJANGO_TRAITS },
  canDefineModels: /\bmodels\.\w*(Model|Field)\b/,
  bases: [{ framework: "django", qualified: /^django\.db\.models(\.base)?\.Model$/ }],
  helpers: {
    qualified:
      /^django\.(contrib\.gis\.)?db\.models(\.manager|\.query)?\.(Base)?(Manager|QuerySet)$|^django\.contrib\.auth\.(models|base_user)\.(Base)?UserManager$/,
    factories: /^from_queryset$/,
  },
  detect: (_ctx, _ref, fw) => fw === "django",
  extract: (ctx, ref) => extractDjangoModel(ctx, ref),
};
