/**
 * How customers start a chat with a number, in the Graph stand-in (scripts/lib/metaGraphStub.ts),
 * as Meta's "QR Codes and Short Links" documents it: POST/GET /{phone-number-id}/message_qrdls
 * and GET/DELETE /{phone-number-id}/message_qrdls/{code}:
 * - Create: `prefilled_message` (at most 140 characters) and `generate_qr_image` (SVG or PNG) →
 *   `{code, prefilled_message, deep_link_url, qr_image_url}`; at most 2,000 codes per number;
 * - Update: the same POST with `code` → the code with its new message;
 * - Get / Get Many: `{data: [...]}` (Get a list of one), `qr_image_url` only when `fields` asks for
 *   `qr_image_url.format(SVG|PNG)`; Delete → `{success: true}`; an unknown code is error 100.
 *
 *   graph.chatEntry.qrCodes(phoneNumberId);   // the number's codes, to assert on
 */
import { randomInt } from 'crypto';

import { isObject } from './isObject';
import {
	GraphStubError,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
} from './metaGraphState';

export const QR_STAND_IN_LIMITS = { prefilledMessage: 140, perNumber: 2000 } as const;

export interface StandInQrCode {
	code: string;
	prefilled_message: string;
	deep_link_url: string;
}

const invalidParameter = (message: string) => new GraphStubError(400, 100, `(#100) ${message}`);
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class MetaGraphChatEntry {
	/** phoneNumberId → its QR codes, in the order created. */
	private readonly codes = new Map<string, StandInQrCode[]>();

	constructor(private readonly graph: GraphState) {}

	qrCodes(phoneNumberId: string): StandInQrCode[] {
		return [...(this.codes.get(phoneNumberId) ?? [])];
	}

	route(r: RecordedRequest): StubAnswer | undefined {
		const [id, edge, code, ...rest] = r.path.split('/').filter(Boolean);
		if (rest.length || edge !== 'message_qrdls' || !this.graph.phoneNumbers.has(id))
			return undefined;
		const list = this.codes.get(id) ?? [];
		this.codes.set(id, list);
		const find = (wanted: unknown) => {
			const found = list.find((c) => c.code === wanted);
			if (!found)
				throw invalidParameter(`QR code ${String(wanted)} does not exist for this phone number`);
			return found;
		};
		const format = /qr_image_url\.format\((SVG|PNG)\)/.exec(r.query.fields ?? '')?.[1];
		const node = (qr: StandInQrCode) => ({
			...qr,
			...(format ? { qr_image_url: this.imageUrl(qr, format) } : {}),
		});
		if (code) {
			if (r.method === 'GET') return [200, { data: [node(find(code))] }];
			if (r.method === 'DELETE') {
				list.splice(list.indexOf(find(code)), 1);
				return [200, { success: true }];
			}
			throw invalidParameter(`Unsupported ${r.method.toLowerCase()} request.`);
		}
		if (r.method === 'GET') return [200, this.graph.page(list.map(node), r)];
		if (r.method !== 'POST')
			throw invalidParameter(`Unsupported ${r.method.toLowerCase()} request.`);
		const body: Record<string, unknown> = isObject(r.json) ? r.json : r.body;
		const message = body.prefilled_message;
		if (typeof message !== 'string' || !message)
			throw invalidParameter('The parameter prefilled_message is required');
		if ([...message].length > QR_STAND_IN_LIMITS.prefilledMessage)
			throw invalidParameter(
				`Param prefilled_message must be at most ${QR_STAND_IN_LIMITS.prefilledMessage} characters long`,
			);
		if (body.code !== undefined) {
			const qr = find(body.code);
			qr.prefilled_message = message;
			return [200, { ...qr }];
		}
		const image = body.generate_qr_image;
		if (image !== 'SVG' && image !== 'PNG')
			throw invalidParameter('Param generate_qr_image must be one of {SVG, PNG}');
		if (list.length >= QR_STAND_IN_LIMITS.perNumber)
			throw invalidParameter(
				`A phone number can have at most ${QR_STAND_IN_LIMITS.perNumber} QR codes and short links`,
			);
		const newCode = Array.from(
			{ length: 14 },
			() => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
		).join('');
		const qr = {
			code: newCode,
			prefilled_message: message,
			deep_link_url: `https://wa.me/message/${newCode}`,
		};
		list.push(qr);
		return [200, { ...qr, qr_image_url: this.imageUrl(qr, image) }];
	}

	/** Meta serves the image from its CDN; the stand-in names a URL of the same kind. */
	private imageUrl(qr: StandInQrCode, format: string): string {
		return `https://scontent.whatsapp.net/v/qr/${qr.code}.${format.toLowerCase()}`;
	}
}
