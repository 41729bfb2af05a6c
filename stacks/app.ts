// The cdktf app: every stack built from the model. The only place stacks are instantiated.
import { App } from "./cdk.ts";
import { CentralStack } from "./central-stack.ts";
import type { Model } from "./model/model.ts";

/** Stack names; reviewers and `irvn plan --stack` use them. */
export const STACK = { central: "central" } as const;

export function buildApp(model: Model, outdir: string): App {
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  new CentralStack(app, STACK.central, model);
  return app;
}
