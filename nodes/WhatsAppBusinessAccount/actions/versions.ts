// The action node's versions as display conditions. A field whose default or shape changes gets
// one copy per version range, so a saved workflow shows and runs with its own version's copy.
import type { DisplayCondition, NodeParameterValue } from 'n8n-workflow';

type Show = Record<string, Array<NodeParameterValue | DisplayCondition>>;

/** Shown in saved version 1 nodes only. */
export const VERSION_1: Show = { '@version': [1] };
/** Shown from version 1.1 (Send Template's template picker, list sections). */
export const FROM_VERSION_1_1: Show = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** The node's version in the workflow. */
export const typeVersion = (context: { getNode(): { typeVersion: number } }): number =>
	context.getNode().typeVersion;
