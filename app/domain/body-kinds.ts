import { type BodyKind } from "./municipalities";

export const bodyKindLabels: Record<BodyKind, string> = {
  gemeinde: "Gemeinde",
  stadt: "Stadt",
  landkreis: "Landkreis",
  zweckverband: "Zweckverband",
};
