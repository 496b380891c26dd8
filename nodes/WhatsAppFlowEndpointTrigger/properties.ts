import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

/** Meta closes a data exchange request after 10 seconds ("Implementing Endpoint for Flows"). */
export const META_TIME_LIMIT_SECONDS = 10;
export const DEFAULT_TIME_LIMIT_SECONDS = 9;
export const DEFAULT_ERROR_MESSAGE = 'Something went wrong. Please try again.';

export const flowEndpointProperties: INodeProperties[] = [
	{
		displayName: `Use this URL as the Flow's endpoint URL. The workflow's last node answers Meta: its first item is the next screen ({ "screen": "NAME", "data": {...} }) or the final answer ({ "screen": "SUCCESS", "data": { "extension_message_response": { "params": {...} } } }), encrypted by this node. Meta waits ${META_TIME_LIMIT_SECONDS} seconds at most. Health checks and error notifications are answered without running the workflow.`,
		name: 'endpointNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Error Message',
				name: 'errorMessage',
				type: 'string',
				default: DEFAULT_ERROR_MESSAGE,
				description:
					'Shown on the Flow\'s current screen when the workflow fails or does not answer in time (Meta\'s "error_message")',
			},
			{
				displayName: 'Time Limit (Seconds)',
				name: 'timeLimit',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: META_TIME_LIMIT_SECONDS },
				default: DEFAULT_TIME_LIMIT_SECONDS,
				description: `How long the workflow may take before the node answers with the error message itself. Meta gives up after ${META_TIME_LIMIT_SECONDS} seconds.`,
			},
		],
	},
];

export interface EndpointOptions {
	errorMessage: string;
	timeLimitMs: number;
}

export function readEndpointOptions(ctx: IWebhookFunctions): EndpointOptions {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const seconds = Number(options.timeLimit ?? DEFAULT_TIME_LIMIT_SECONDS);
	const errorMessage = String(options.errorMessage ?? '').trim();
	return {
		errorMessage: errorMessage || DEFAULT_ERROR_MESSAGE,
		timeLimitMs:
			Math.min(
				META_TIME_LIMIT_SECONDS,
				Math.max(1, Number.isFinite(seconds) ? seconds : DEFAULT_TIME_LIMIT_SECONDS),
			) * 1000,
	};
}
