import * as fs from 'fs';

import { fixtureBytes } from '../../scripts/lib/fixtures';
import { fromRoot } from '../../scripts/lib/repoRoot';
import * as pkg from '../../nodes/shared';
import type {
	MessageTemplateStatusUpdateValue,
	WhatsAppBusinessAccountWebhook,
	Graph,
} from '../../nodes/shared';

const main = (JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { main: string })
	.main;

test("package.json's main entry is the shared index other projects import", () => {
	expect(main).toBe('dist/nodes/shared/index.js');
	expect(fs.existsSync(fromRoot('nodes', 'shared', 'index.ts'))).toBe(true);
});

test('the entry exports validators, verdicts, the catalog and the delivery pipeline that work together', () => {
	const raw = fixtureBytes('webhooks/message_template_status_update/paused-second-pause.json');
	const delivery = JSON.parse(raw.toString('utf8')) as WhatsAppBusinessAccountWebhook;
	expect(pkg.validateDelivery(delivery)).toBe(true);
	const value = delivery.entry[0].changes[0].value as MessageTemplateStatusUpdateValue;
	expect(value.event).toBe('PAUSED');
	expect(pkg.WEBHOOK_FIELDS.map((f) => f.name)).toContain('message_template_status_update');

	const bad = {
		...delivery,
		entry: [
			{
				...delivery.entry[0],
				changes: [
					{ field: 'message_template_status_update', value: { ...value, event: 'RESTRUCTURED' } },
				],
			},
		],
	};
	expect(pkg.validateDelivery(bad)).toBe(false);
	expect(pkg.toIssues(pkg.validateDelivery.errors, bad).map((i) => i.kind)).toEqual([
		'unknown_enum_value',
	]);

	const result = pkg.processDelivery(
		raw,
		{ [pkg.SIGNATURE_HEADER]: pkg.signBody(raw, 's') },
		's',
		pkg.DEFAULT_DELIVERY_OPTIONS,
	);
	expect(result.status).toBe(200);
	expect(result.outputs?.[0][0]).toMatchObject({
		field: 'message_template_status_update',
		event: 'PAUSED',
	});

	const waba: Graph.GraphWhatsAppBusinessAccount | undefined = undefined;
	expect(waba).toBeUndefined();
});
