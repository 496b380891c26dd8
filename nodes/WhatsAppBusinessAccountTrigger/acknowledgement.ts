import * as workflow from 'n8n-workflow';
import type {
	INodeParameters,
	INodeProperties,
	IWebhookDescription,
	NodeParameterValueType,
} from 'n8n-workflow';

/**
 * When the trigger answers Meta for an accepted delivery. Meta sends a delivery again
 * (for up to 7 days) only after a non-2xx answer or no answer; a 200 is final.
 *
 * - executionCreated: n8n answers once it has created the execution (responseMode
 *   "onReceived"). Fast, but in queue mode a worker that dies holding the execution loses
 *   the delivery: n8n marks the job failed and Meta never sends it again.
 * - workflowFinished: n8n answers once the workflow has run (responseMode "lastNode",
 *   no body). A worker crash, a Redis outage or a failed workflow is answered with an
 *   error and Meta redelivers the same bytes (same dedupKey).
 *
 * Saved workflows at version 1 keep executionCreated; new nodes (1.1) default to
 * workflowFinished (README, "Running at scale", for the figures).
 */
export type Acknowledgement = 'executionCreated' | 'workflowFinished';

export const ACKNOWLEDGEMENT_PARAMETER = 'acknowledge';

/** The parameter for one range of versions, with that range's default. */
function acknowledgementProperty(
	defaultValue: Acknowledgement,
	versions: NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>['@version'],
): INodeProperties {
	return {
		displayName: 'Confirm Receipt to Meta',
		name: ACKNOWLEDGEMENT_PARAMETER,
		type: 'options',
		noDataExpression: true,
		default: defaultValue,
		displayOptions: { show: { '@version': versions } },
		options: [
			{
				name: 'After the Workflow Finishes',
				value: 'workflowFinished',
				description:
					'Meta hears back once the workflow has run, and sends the event again if n8n stopped before. Nothing is lost; a workflow that keeps failing gets the same event again.',
			},
			{
				name: 'As Soon as the Workflow Starts',
				value: 'executionCreated',
				description:
					'Meta hears back as soon as the workflow starts. Faster, but an event whose queue-mode worker stops is not sent again.',
			},
		],
		description:
			'When n8n tells Meta an event arrived. Meta sends an event again only after an error or no answer.',
	};
}

/**
 * Shown on a saved version-1 node that still answers on receipt: its user otherwise has no sign
 * that a queue-mode worker dying with the execution loses the delivery for good.
 */
const versionOneNotice: INodeProperties = {
	displayName:
		'This trigger (version 1) answers Meta as soon as n8n has created the execution. In queue mode, a delivery whose worker stops before the workflow has run is lost: Meta got its 200 and does not send it again. To have Meta send it again instead, set Confirm Receipt to Meta to After the Workflow Finishes, or add the trigger again (version 1.1 answers once the workflow has finished).',
	name: 'answerMetaNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@version': [1], [ACKNOWLEDGEMENT_PARAMETER]: ['executionCreated'] } },
};

/** The parameter, once per version range so that saved version-1 nodes keep their behaviour. */
export const acknowledgementProperties: INodeProperties[] = [
	acknowledgementProperty('executionCreated', [1]),
	versionOneNotice,
	acknowledgementProperty('workflowFinished', [{ _cnd: { gte: 1.1 } }]),
];

// n8n 2.41+ resolves a webhook description field natively (no expression sandbox per request)
// when the description carries a resolver for it, declared with n8n-workflow's own helpers;
// older n8n ignores the resolvers and evaluates the template. Both run the same rule, written
// once below. Self-contained functions: the template inlines their source.
const responseMode = (parameters: INodeParameters) =>
	parameters.acknowledge === 'workflowFinished' ? 'lastNode' : 'onReceived';
// lastNode answers without a body ("noData"); onReceived answers with the receipt the node
// returns ('' rather than left out, which n8n reads as "firstEntryJson")
const responseData = (parameters: INodeParameters) =>
	parameters.acknowledge === 'workflowFinished' ? 'noData' : '';

/** What this file uses of n8n-workflow's webhook description helpers (2.41 and later). */
export type DescriptionFieldHelpers = Pick<
	typeof workflow,
	'fromFunction' | 'webhookDescriptionFields'
>;

/**
 * The same two helpers for n8n versions whose n8n-workflow lacks them (1.x): the same template
 * and the resolvers under the same registered symbol, which a 1.x host never reads.
 */
export const fallbackFieldHelpers: DescriptionFieldHelpers = {
	fromFunction: (fn) => ({
		template: `={{(${String(fn)})($parameter)}}`,
		resolve: fn as (parameters: INodeParameters) => NodeParameterValueType,
	}),
	webhookDescriptionFields: <K extends string>(
		fields: Record<K, workflow.WebhookDescriptionField>,
	) => {
		const templates = Object.fromEntries(
			Object.entries<workflow.WebhookDescriptionField>(fields).map(([name, entry]) => [
				name,
				entry.template,
			]),
		);
		return {
			...templates,
			[Symbol.for('n8n.webhookDescriptionResolvers')]: { ...fields },
		} as ReturnType<typeof workflow.webhookDescriptionFields<K>>;
	},
};

/** n8n-workflow's helpers where the host's n8n-workflow has them, else the fallback. */
export function fieldHelpers(
	library: Partial<DescriptionFieldHelpers> = workflow,
): DescriptionFieldHelpers {
	const { fromFunction, webhookDescriptionFields } = library;
	return fromFunction && webhookDescriptionFields
		? { fromFunction, webhookDescriptionFields }
		: fallbackFieldHelpers;
}

/** responseMode and responseData of the POST webhook, chosen by the parameter. */
export function acknowledgementFields(
	helpers: DescriptionFieldHelpers = fieldHelpers(),
): Pick<IWebhookDescription, 'responseMode' | 'responseData'> {
	return helpers.webhookDescriptionFields({
		responseMode: helpers.fromFunction(responseMode),
		responseData: helpers.fromFunction(responseData),
	});
}
