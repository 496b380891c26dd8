/**
 * What the template campaign's two sides share (templateCampaign.ts, the stand-in's side and the
 * parent; campaignNode.ts, the node's): the account, Send Template's parameters and the rows, and
 * what the parent asks of the node's process and hears back.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

export const APP_ID = '1234567890123456';
export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';

/** Send Template as the campaign sets it: the recipient and two body variables from each row, one image for all. */
export function campaignParameters(templateOptions: IDataObject): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendTemplate',
		wabaId: { __rl: true, mode: 'id', value: WABA_ID },
		recipientMode: 'phone',
		senderPhoneNumberId: { __rl: true, mode: 'id', value: PHONE_NUMBER_ID },
		recipientPhoneNumber: '={{ $json.phone }}',
		templateName: 'spring_sale',
		templateLanguage: 'en_US',
		headerMediaSource: 'url',
		templateParameters: {
			mappingMode: 'defineBelow',
			value: {
				'header.media': 'https://cdn.example.com/spring.jpg',
				'body.1': '={{ $json.name }}',
				'body.2': '={{ $json.code }}',
			},
			matchingColumns: [],
			schema: [],
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		templateOptions: templateOptions as INodeParameters,
	};
}

export const phoneOf = (row: number) => `1555${String(row).padStart(7, '0')}`;

/** Row `row` of the campaign's input: its own recipient, a name and a code. */
export const campaignRow = (row: number): IDataObject => ({
	phone: phoneOf(row),
	name: `Customer ${row}`,
	code: `SPRING${row}`,
});

export interface CampaignNodeAsk {
	url: string;
	token: string;
	sends: number;
	/** The user's Messages Per Second (a cap), or undefined: the number's level alone. */
	messagesPerSecond?: number;
	/** Requests In Flight (0: one second's worth). */
	concurrency: number;
}

export interface CampaignNodeReport {
	durationMs: number;
	failedItems: number;
	/** This process's CPU (user + system, every thread) while the node ran. */
	cpuMs: number;
	heapBeforeBytes: number;
	peakHeapBytes: number;
	retainedBytes: number;
	peakRssBytes: number;
	loadAtStart: number;
	loadAtEnd: number;
}
