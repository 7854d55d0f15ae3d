/**
 * The overview page's Lambda entry point (`run-widget.handler`): the run-history store, the settings and the report
 * presigner from the environment the `RunWidgetFunction` construct sets, created once per instance.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { REPORT_LINK_SECONDS, REPORTS_BUCKET_VARIABLE, RUN_HISTORY_VARIABLES } from "@tributary/core";
import type { Context } from "aws-lambda";
import { createS3Client } from "../../aws/clients";
import { runHistoryStoreFromEnvironment } from "../../run-history/run-history-store";
import { createRunWidget } from "./create-run-widget";
import { presignReportUrl } from "./presign-report";

/**
 * Powertools service name of the overview page's Lambda.
 *
 * @example
 * new Logger({ serviceName: RUN_WIDGET_SERVICE_NAME }); // "tributary-run-widget"
 */
export const RUN_WIDGET_SERVICE_NAME = "tributary-run-widget";

const env = process.env;
const logger = new Logger({ serviceName: RUN_WIDGET_SERVICE_NAME });
const bucket = env[REPORTS_BUCKET_VARIABLE];
const seconds = Number(env[RUN_HISTORY_VARIABLES.reportLinkSeconds]);
const reportLinkSeconds = Number.isInteger(seconds) && seconds > 0 ? seconds : REPORT_LINK_SECONDS;
const s3 = createS3Client(env);

const widget = createRunWidget({
  store: runHistoryStoreFromEnvironment(env),
  settings: {
    project: env[RUN_HISTORY_VARIABLES.project] ?? "tributary",
    environments: (env[RUN_HISTORY_VARIABLES.environments] ?? "").split(",").filter((name) => name !== ""),
    region: env.AWS_REGION ?? "us-east-1",
    reportLinkSeconds,
  },
  logger,
  presign: async (key) =>
    bucket === undefined || bucket === "" ? undefined : presignReportUrl(s3, bucket, key, reportLinkSeconds),
});

const wrapped = middy<unknown, string, Error, Context>((event: unknown, context: Context) =>
  widget(event, context),
).use(injectLambdaContext(logger, { resetKeys: true }));

/**
 * Renders the overview page for a CloudWatch dashboard custom widget.
 *
 * @example
 * // Lambda: runtime nodejs24.x, handler "run-widget.handler"; the dashboard's custom widget calls it
 * await handler({ environment: "qa", widgetContext }, context); // "<style>…</style><section class=\"tributary-runs\" …"
 */
export const handler = (event: unknown, context: Context): Promise<string> => wrapped(event, context);
