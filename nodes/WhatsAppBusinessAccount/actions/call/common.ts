// What the Call operations share: the business number a call is on, the call ID, the SDP the
// business's media system hands over, and the one request Meta's Calling API takes for every
// call action (POST /{phone-number-id}/calls with `action`).
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';

/** Meta's limit for `biz_opaque_callback_data` on a call (Calling API reference). */
export const CALL_OPAQUE_DATA_MAX = 512;

export const showFor = (operation: string) => ({ resource: ['call'], operation: [operation] });

export function getCallPhoneNumberId(context: IExecuteFunctions, itemIndex: number): string {
	return getGraphId(context, 'phoneNumberId', itemIndex, 'Phone Number ID');
}

/** The call a Pre-Accept, Accept, Reject or Terminate acts on. */
export function callIdProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. wacid.HBgLMTY1MDU1NTEyMzQVAgARGCAyODRQIAFRoA',
		description:
			"The call's ID (wacid.…): a trigger item of a call gives it as callId, Call > Start answers it",
		displayOptions: { show: { resource: ['call'], operation: operations } },
	};
}

/** Meta's call IDs start with `wacid.`; anything else would only come back as Meta's error 100. */
export function getCallId(context: IExecuteFunctions, itemIndex: number): string {
	const callId = String(context.getNodeParameter('callId', itemIndex, '') ?? '').trim();
	if (!/^wacid\.[A-Za-z0-9_=+/-]+$/.test(callId))
		throw new NodeOperationError(
			context.getNode(),
			`Call ID must be a WhatsApp call ID such as wacid.HBgL…, got ${JSON.stringify(callId)}`,
			{
				itemIndex,
				description:
					'Nothing was sent. Use the callId of the trigger item of the call (field calls), or the callId Call > Start answered.',
			},
		);
	return callId;
}

export function sdpProperty(operation: string, sdpType: 'offer' | 'answer'): INodeProperties {
	const what =
		sdpType === 'answer'
			? "The SDP answer your media system (WebRTC or SIP gateway) made for the call's SDP offer (the trigger item's sdpOffer)"
			: 'The SDP offer your media system (WebRTC) made for the call';
	return {
		displayName: sdpType === 'answer' ? 'SDP Answer' : 'SDP Offer',
		name: 'sdp',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		placeholder: 'e.g. v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n…',
		description: `${what}: RFC 8866 text with an audio (OPUS) media line. n8n passes it on; the audio never goes through n8n.`,
		displayOptions: { show: showFor(operation) },
	};
}

/**
 * The SDP as Meta takes it (RFC 8866 text starting `v=0`, with an `m=audio` line), refused here
 * otherwise: Meta would answer error 100 and the caller would hear the call ring on. Lines end
 * in CRLF, as RFC 8866 requires: expressions and copied text often lose the CR.
 */
export function getSdp(context: IExecuteFunctions, itemIndex: number, label: string): string {
	const raw = String(context.getNodeParameter('sdp', itemIndex, '') ?? '').trim();
	const refuse = (message: string) =>
		new NodeOperationError(context.getNode(), `${label} ${message}`, {
			itemIndex,
			description:
				'Nothing was sent. Pass the session description your media system produced, unchanged (RFC 8866: v=0, o=, s=, t=, m=audio … lines).',
		});
	if (!raw) throw refuse('is empty');
	if (!raw.startsWith('v=0')) throw refuse('is not an SDP: it must start with v=0');
	const lines = raw.split(/\r?\n/);
	if (!lines.some((line) => line.startsWith('m=audio ')))
		throw refuse('has no audio media line (m=audio): WhatsApp calls carry audio only');
	return `${lines.join('\r\n')}\r\n`;
}

/** Tracking data Meta hands back in the call's webhooks, within its limit. */
export function getCallOpaqueData(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IDataObject {
	const opaque = String(options.bizOpaqueCallbackData ?? '');
	if (!opaque) return {};
	const length = [...opaque].length;
	if (length > CALL_OPAQUE_DATA_MAX)
		throw new NodeOperationError(
			context.getNode(),
			`Tracking Data is ${length} characters; WhatsApp allows at most ${CALL_OPAQUE_DATA_MAX}`,
			{ itemIndex },
		);
	return { biz_opaque_callback_data: opaque };
}

export const trackingDataOption: INodeProperties = {
	displayName: 'Tracking Data',
	name: 'bizOpaqueCallbackData',
	type: 'string',
	default: '',
	description:
		"Up to 512 characters Meta hands back in this call's webhooks (biz_opaque_callback_data), to match them",
};

/** One call action on the number: Meta's answer, with `success` as a boolean. */
export async function callAction(
	context: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<IDataObject> {
	const phoneNumberId = getCallPhoneNumberId(context, itemIndex);
	const answer = await graphApiRequest<IDataObject>(context, {
		method: 'POST',
		path: `/${phoneNumberId}/calls`,
		json: { messaging_product: 'whatsapp', ...body },
		itemIndex,
	});
	return normalizeSuccess(answer);
}
