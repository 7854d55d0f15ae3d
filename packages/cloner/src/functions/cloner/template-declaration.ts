/** The environment pipeline a clone copies: its declaration and version, fetched once per template and event. */
import { GetPipelineCommand, type PipelineDeclaration } from "@aws-sdk/client-codepipeline";
import { templateVersion } from "@tributary/core";
import type { ClonerClients } from "../../aws/clients";
import { RefusalError } from "./refusal-error";

/**
 * A template pipeline as the cloner copies it.
 *
 * @example
 * const template: TemplateDeclaration = { declaration: pipeline, version: templateVersion(pipeline) };
 */
export interface TemplateDeclaration {
  /** The `pipeline` object GetPipeline returned. */
  readonly declaration: PipelineDeclaration;
  /** Core's `templateVersion(declaration)`: the value of the `tributary:template-version` tag of its clones. */
  readonly version: string;
}

/**
 * What fetching a template needs: CodePipeline, and the event's cache of templates (an `ExecutionContext` has both).
 *
 * @example
 * const reader: TemplateReader = { clients, templates: new Map() };
 */
export interface TemplateReader {
  readonly clients: Pick<ClonerClients, "codePipeline">;
  /** Template declarations fetched during this event, by pipeline name. */
  readonly templates: Map<string, Promise<TemplateDeclaration>>;
}

/**
 * GetPipeline of an environment pipeline, once per template and event (a reconcile that creates or updates a
 * hundred clones of `acme-dev` reads it once), with its `templateVersion`. A failed fetch is not cached: the next
 * action of the same event tries again. Throws `RefusalError` ("invalid-template") when GetPipeline returns no
 * declaration, and what GetPipeline throws (`PipelineNotFoundException` when the template is not deployed).
 *
 * @example
 * const { declaration, version } = await templateDeclaration(context, route.templatePipeline);
 * const clone = cloneDeclaration(declaration, route, context.config.repository);
 */
export function templateDeclaration(context: TemplateReader, name: string): Promise<TemplateDeclaration> {
  let pending = context.templates.get(name);
  if (!pending) {
    const { codePipeline } = context.clients;
    pending = (async () => {
      const { pipeline } = await codePipeline.send(new GetPipelineCommand({ name }));
      if (!pipeline) {
        throw new RefusalError(
          "invalid-template",
          name,
          "GetPipeline returned no declaration",
          "redeploy the environment pipeline",
        );
      }
      return { declaration: pipeline, version: templateVersion(pipeline) };
    })();
    pending.catch(() => context.templates.delete(name));
    context.templates.set(name, pending);
  }
  return pending;
}
