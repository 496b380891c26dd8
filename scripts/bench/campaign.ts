/**
 * Deliveries shaped as Meta sends them for a business that messages its customers: every
 * outbound message is followed by a `sent`, a `delivered` and a `read` status delivery (each its
 * own POST, one change, one status), arriving seconds to minutes apart, so that the statuses of
 * many messages interleave; some customers write back (inbound messages); and a few deliveries are
 * sent again with the same bytes, as Meta does after a non-2xx answer or a timeout. The shapes are
 * the repository's messages fixtures (status-sent/-delivered/-read, text), with fresh wamids.
 * Deterministic: the same seed gives the same bytes in the same order.
 */
import * as path from 'path';

import { fixtureBytes, parseKeepingDigits } from '../lib/fixtures';
import { REPO_ROOT } from '../lib/repoRoot';
import { prng } from './corpus';

type Json = Record<string, any>;

export type CampaignKind = 'sent' | 'delivered' | 'read' | 'inbound';

export interface CampaignDelivery {
	kind: CampaignKind;
	/** True for the second sending of bytes already in the list. */
	redelivery: boolean;
	raw: Buffer;
}

/** A messages fixture's bytes; each delivery parses its own copy (digits kept). */
function template(root: string, name: string): Buffer {
	return fixtureBytes(`webhooks/messages/${name}.json`, path.join(root, 'fixtures'));
}

interface Templates {
	status: Record<'sent' | 'delivered' | 'read', Buffer>;
	text: Buffer;
}

function templates(root: string): Templates {
	return {
		status: {
			sent: template(root, 'status-sent'),
			delivered: template(root, 'status-delivered'),
			read: template(root, 'status-read'),
		},
		text: template(root, 'text'),
	};
}

const wamid = (prefix: string, n: number) =>
	`wamid.${prefix}${String(n).padStart(8, '0')}${'A'.repeat(24)}=`;
const customer = (n: number) => `1650555${String(n % 10000).padStart(4, '0')}`;

function statusDelivery(
	t: Templates,
	status: 'sent' | 'delivered' | 'read',
	message: number,
	recipient: string,
	at: number,
): Buffer {
	const body = parseKeepingDigits(t.status[status]) as Json;
	const entry = body.entry[0];
	entry.time = at;
	const s = entry.changes[0].value.statuses[0];
	s.id = wamid('OUT', message);
	s.recipient_id = recipient;
	s.timestamp = String(at);
	if (s.conversation) s.conversation.id = `conv${String(message).padStart(28, '0')}`;
	return Buffer.from(JSON.stringify(body));
}

function inboundDelivery(t: Templates, n: number, from: string, at: number, text: string): Buffer {
	const body = parseKeepingDigits(t.text) as Json;
	const entry = body.entry[0];
	entry.time = at;
	const value = entry.changes[0].value;
	value.contacts[0].wa_id = from;
	const m = value.messages[0];
	m.from = from;
	m.id = wamid('IN', n);
	m.timestamp = String(at);
	m.text.body = text;
	return Buffer.from(JSON.stringify(body));
}

export interface StormOptions {
	/** Outbound messages of the campaign. */
	outbound?: number;
	/** Share of recipients who write back once. */
	replyRate?: number;
	/** Share of deliveries Meta sends a second time (same bytes, later). */
	redeliveryRate?: number;
	seed?: number;
	root?: string;
}

/**
 * A campaign: `outbound` messages sent at an even pace, each one's sent (0.2–2 s later),
 * delivered (1–15 s) and read (10 s–5 min) statuses, replies from `replyRate` of the recipients
 * shortly after they read, and `redeliveryRate` of all deliveries sent again 1–60 s later. In the
 * order Meta would send them.
 */
export function statusStorm(o: StormOptions = {}): CampaignDelivery[] {
	const root = o.root ?? REPO_ROOT;
	const t = templates(root);
	const random = prng(o.seed ?? 0xca4a16);
	const outbound = o.outbound ?? 2000;
	const replyRate = o.replyRate ?? 0.1;
	const redeliveryRate = o.redeliveryRate ?? 0.02;
	const start = 1_750_000_000;
	const pace = 1 / 80; // Meta's default 80 messages per second for a number
	const timed: Array<{ at: number; d: CampaignDelivery }> = [];
	let inbound = 0;
	for (let i = 0; i < outbound; i++) {
		const sentAt = start + i * pace;
		const to = customer(i);
		const sent = sentAt + 0.2 + random() * 1.8;
		const delivered = sent + 1 + random() * 14;
		const read = delivered + 10 + random() * 290;
		const whole = (x: number) => Math.floor(x);
		timed.push({
			at: sent,
			d: { kind: 'sent', redelivery: false, raw: statusDelivery(t, 'sent', i, to, whole(sent)) },
		});
		timed.push({
			at: delivered,
			d: {
				kind: 'delivered',
				redelivery: false,
				raw: statusDelivery(t, 'delivered', i, to, whole(delivered)),
			},
		});
		timed.push({
			at: read,
			d: { kind: 'read', redelivery: false, raw: statusDelivery(t, 'read', i, to, whole(read)) },
		});
		if (random() < replyRate) {
			const at = read + 5 + random() * 60;
			timed.push({
				at,
				d: {
					kind: 'inbound',
					redelivery: false,
					raw: inboundDelivery(t, inbound++, to, whole(at), 'STOP'),
				},
			});
		}
	}
	const originals = timed.length;
	for (let k = 0; k < originals; k++) {
		if (random() >= redeliveryRate) continue;
		const first = timed[k];
		timed.push({ at: first.at + 1 + random() * 59, d: { ...first.d, redelivery: true } });
	}
	return timed.sort((a, b) => a.at - b.at).map((x) => x.d);
}

/**
 * A chatbot conversation as Meta delivers it: `turns` customer messages, each answered by the bot
 * with one message whose sent, delivered and read statuses follow, before the customer writes again.
 */
export function chatbotConversation(turns = 10, root = REPO_ROOT): CampaignDelivery[] {
	const t = templates(root);
	const out: CampaignDelivery[] = [];
	const from = customer(4242);
	let at = 1_750_000_000;
	for (let i = 0; i < turns; i++) {
		out.push({
			kind: 'inbound',
			redelivery: false,
			raw: inboundDelivery(t, 9000 + i, from, at, `question ${i + 1}`),
		});
		for (const status of ['sent', 'delivered', 'read'] as const) {
			at += 2;
			out.push({
				kind: status,
				redelivery: false,
				raw: statusDelivery(t, status, 9000 + i, from, at),
			});
		}
		at += 20;
	}
	return out;
}
