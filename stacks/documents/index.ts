// Every document synth writes beside the stacks, from the model at one point in time.
import type { Model } from "../model/model.ts";
import { bootstrapDocuments } from "./bootstrap.ts";
import type { GeneratedFile } from "./files.ts";
import { guestDocuments } from "./guest.ts";
import { inputDocuments } from "./inputs.ts";
import { networkDocuments } from "./network.ts";
import { zoneDocuments } from "./zones.ts";

export function synthDocuments(model: Model): GeneratedFile[] {
  return [
    ...networkDocuments(model),
    ...zoneDocuments(model),
    ...inputDocuments(model),
    ...guestDocuments(model),
    ...bootstrapDocuments(model),
  ];
}
