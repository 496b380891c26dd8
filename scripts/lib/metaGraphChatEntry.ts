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
 * - POST /{phone-number-id}/conversational_automation (JSON `enable_welcome_message`, `prompts`,
 *   `commands`: at most 4 ice breakers of 80 characters, 30 commands with a name of 32 and a
 *   description of 256 characters, no emoji; error 100 otherwise) → `{success: true}`; what is
 *   set is read back as the number's `conversational_automation` field (GET /{phone-number-id}).
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
export const AUTOMATION_STAND_IN_LIMITS = {
	prompts: 4,
	prompt: 80,
	commands: 30,
	commandName: 32,
	commandDescription: 256,
} as const;
const EMOJI = /\p{Extended_Pictographic}/u;

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
		if (edge === 'conversational_automation' && !code && r.method === 'POST') {
			const number = this.graph.phoneNumbers.get(id);
			return number ? this.setAutomation(r, number.fields) : undefined;
		}
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

	/** Sets what is given of the welcome message, ice breakers and commands, each replacing the old. */
	private setAutomation(r: RecordedRequest, fields: Record<string, unknown>): StubAnswer {
		const body: Record<string, unknown> = isObject(r.json) ? r.json : {};
		const limits = AUTOMATION_STAND_IN_LIMITS;
		const text = (name: string, value: unknown, max: number): string => {
			if (typeof value !== 'string' || !value) throw invalidParameter(`Param ${name} is required`);
			if ([...value].length > max)
				throw invalidParameter(`Param ${name} must be at most ${max} characters long`);
			if (EMOJI.test(value)) throw invalidParameter(`Param ${name} must not contain emoji`);
			return value;
		};
		const current = isObject(fields.conversational_automation)
			? fields.conversational_automation
			: {};
		const next: Record<string, unknown> = { ...current };
		if (body.enable_welcome_message !== undefined) {
			if (typeof body.enable_welcome_message !== 'boolean')
				throw invalidParameter('Param enable_welcome_message must be a boolean');
			next.enable_welcome_message = body.enable_welcome_message;
		}
		if (body.prompts !== undefined) {
			const prompts = Array.isArray(body.prompts) ? body.prompts : [];
			if (prompts.length > limits.prompts)
				throw invalidParameter(`Param prompts must have at most ${limits.prompts} items`);
			next.prompts = prompts.map((p, i) => text(`prompts[${i}]`, p, limits.prompt));
		}
		if (body.commands !== undefined) {
			const commands = Array.isArray(body.commands) ? body.commands : [];
			if (commands.length > limits.commands)
				throw invalidParameter(`Param commands must have at most ${limits.commands} items`);
			next.commands = commands.map((c: unknown, i) => {
				const command = isObject(c) ? c : {};
				return {
					command_name: text(
						`commands[${i}].command_name`,
						command.command_name,
						limits.commandName,
					),
					command_description: text(
						`commands[${i}].command_description`,
						command.command_description,
						limits.commandDescription,
					),
				};
			});
		}
		fields.conversational_automation = next;
		return [200, { success: true }];
	}

	/** Meta serves the image from its CDN; the stand-in names a URL of the same kind. */
	private imageUrl(qr: StandInQrCode, format: string): string {
		return `https://scontent.whatsapp.net/v/qr/${qr.code}.${format.toLowerCase()}`;
	}
}
