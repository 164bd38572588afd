/** Django: `models.Model` subclasses, their fields, Meta, and the app registry. */
import type { OrmExtractor } from "../extractor.js";
import { extractDjangoModel } from "./django.js";

export const django: OrmExtractor = {
  id: "django",
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
