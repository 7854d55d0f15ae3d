/**
 * The dashboard's size (`pnpm --filter @tributary/constructs bench`, after `build`): widgets per row and in all, for
 * the default config with every part (the overview page, the cloner, the notifier). Prints figures, asserts nothing.
 */
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { buildTributaryStack } from "../src/__fixtures__/tributary-stack.js";

const built = buildTributaryStack({ runHistory: true });
const dashboard = built.runHistory?.dashboard;
if (dashboard === undefined) throw new Error("the fixture built no dashboard");
const kinds = (widgets: readonly cloudwatch.IWidget[]) =>
  widgets
    .map((widget) =>
      widget instanceof cloudwatch.CustomWidget
        ? "custom"
        : widget instanceof cloudwatch.SingleValueWidget
          ? "single value"
          : widget instanceof cloudwatch.TextWidget
            ? "text"
            : "graph",
    )
    .join(", ");
const widgets = dashboard.rows.flat();
console.log(
  `The dashboard ${built.config.project}-tributary: ${widgets.length} widgets in ${dashboard.rows.length} rows`,
);
for (const [index, row] of dashboard.rows.entries()) console.log(`  row ${index + 1}: ${kinds(row)}`);
