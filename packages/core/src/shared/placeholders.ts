/** Internal: URI-encoding text that holds placeholders filled in later (not exported from the package). */

/**
 * A value filled in later, kept verbatim: a CodePipeline reference (`#{namespace.name}`) or a deploy-time
 * placeholder such as a CDK token (`${Token[...]}`).
 */
const PLACEHOLDER = /#\{[^}]*\}|\$\{[^}]*\}/g;

/** `encodeURIComponent` on the literal text, leaving placeholders for CodePipeline or CloudFormation to fill. */
export function encodeAroundPlaceholders(value: string): string {
  let encoded = "";
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    encoded += encodeURIComponent(value.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return encoded + encodeURIComponent(value.slice(last));
}
