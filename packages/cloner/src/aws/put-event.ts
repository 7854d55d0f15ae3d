/** Puts one of the cloner's own events on the default bus (EventBridge PutEvents), failing when EventBridge refuses it. */
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { ClonerClients } from "./clients";

/**
 * PutEvents of one entry (`source`, `detailType`, `detail` as JSON); returns the event's id. PutEvents answers a
 * refused entry inside a successful response (`FailedEntryCount`, the entry's `ErrorCode`), so that is thrown here:
 * the caller's event is retried, never silently short of its event.
 *
 * @example
 * await putEvent(context.clients, RECONCILE_CONTINUATION, { round: 2, origin: "ev-1" });
 */
export async function putEvent(
  clients: Pick<ClonerClients, "events">,
  kind: { readonly source: string; readonly detailType: string },
  detail: object,
): Promise<string | undefined> {
  const { FailedEntryCount, Entries } = await clients.events.send(
    new PutEventsCommand({
      Entries: [{ Source: kind.source, DetailType: kind.detailType, Detail: JSON.stringify(detail) }],
    }),
  );
  if (FailedEntryCount) {
    throw new Error(
      `PutEvents refused the ${kind.detailType} event: ${Entries?.[0]?.ErrorCode ?? "?"} ${Entries?.[0]?.ErrorMessage ?? ""}`,
    );
  }
  return Entries?.[0]?.EventId;
}
