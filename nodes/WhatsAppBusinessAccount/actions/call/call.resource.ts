import { phoneNumberIdProperty } from '../common';
import type { Resource } from '../operation';
import * as accept from './accept.operation';
import * as getPermission from './getPermission.operation';
import * as getSettings from './getSettings.operation';
import * as preAccept from './preAccept.operation';
import * as reject from './reject.operation';
import * as start from './start.operation';
import * as terminate from './terminate.operation';
import * as updateSettings from './updateSettings.operation';
import { callIdProperty } from './common';

/** WhatsApp voice calls (Meta's Calling API): signalling only; the audio flows between WhatsApp and the business's media system. */
export const call: Resource = {
	option: { name: 'Call', value: 'call' },
	defaultOperation: 'accept',
	parameters: [
		phoneNumberIdProperty(
			{ resource: ['call'] },
			'The business phone number the call is on (its phone number ID); a trigger item gives it as phoneNumberId',
		),
		callIdProperty(['preAccept', 'accept', 'reject', 'terminate']),
	],
	operations: [
		preAccept,
		accept,
		reject,
		terminate,
		start,
		getPermission,
		getSettings,
		updateSettings,
	],
};
