import * as path from 'path';

import type { INodeParameters } from 'n8n-workflow';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { READINESS } from '../../nodes/WhatsAppBusinessAccountTrigger/registration/callbackVerification';
import { APP_ID, APP_SECRET, delivery, post, startTrigger, VERIFY_TOKEN } from './support';
import { requireFrom } from '../../scripts/lib/requireFrom';

/**
 * One Meta (the stateful Graph stand-in) with two apps and a WABA, and triggers hosted in
 * process against it, whose credentials a test may change while the workflow is active.
 */
export const WABA = '102290129340398';
export const OTHER_APP = { id: '6543210987654321', secret: '0123456789abcdef0123456789abcdef' };
export const ELSEWHERE = 'https://crm.example.com/whatsapp/webhook';

export interface RegistrationWorld {
	graph: MetaGraphStub;
	ourToken: string;
	theirToken: string;
	/** Hosts a trigger; its credentials object stays live (edit it to change a credential). */
	start(
		parameters: Record<string, unknown>,
	): Promise<{ host: InProcessTrigger; credentials: Record<string, Record<string, string>> }>;
	/** Graph calls that change something. */
	writes(): MetaGraphStub['requests'];
}

export function useRegistrationWorld(): RegistrationWorld {
	const hosts: InProcessTrigger[] = [];
	const world = {
		writes: () => world.graph.requests.filter((r) => r.method !== 'GET'),
		async start(parameters: Record<string, unknown>) {
			const credentials = {
				whatsAppBusinessAccountWebhookApi: {
					appId: APP_ID,
					appSecret: APP_SECRET,
					verifyToken: VERIFY_TOKEN,
					baseUrl: world.graph.url,
				},
				whatsAppBusinessAccountApi: {
					accessToken: world.ourToken,
					appSecret: APP_SECRET,
					baseUrl: world.graph.url,
				},
			};
			const host = await startTrigger(parameters as INodeParameters, {
				credential: credentials.whatsAppBusinessAccountWebhookApi,
				api: credentials.whatsAppBusinessAccountApi,
				receipt: false,
			});
			hosts.push(host);
			return { host, credentials };
		},
	} as unknown as RegistrationWorld;
	beforeAll(() => {
		configureGraphRetries({ baseDelayMs: 1, maxDelayMs: 5 });
		Object.assign(READINESS, { verificationDelayMs: 20 });
	});
	afterAll(() => resetGraphRetries());
	beforeEach(async () => {
		world.graph = await MetaGraphStub.start();
		world.graph.addApp({ id: APP_ID, secret: APP_SECRET });
		world.graph.addApp(OTHER_APP);
		world.ourToken = world.graph.addSystemUserToken(APP_ID);
		world.theirToken = world.graph.addSystemUserToken(OTHER_APP.id);
		world.graph.addWaba(WABA);
	});
	afterEach(async () => {
		for (const host of hosts.splice(0)) await host.close();
		await world.graph.close();
	});
	return world;
}

/** A signed delivery to the production URL starts an execution. */
export async function deliversInProduction(host: InProcessTrigger): Promise<boolean> {
	const before = host.executions.length;
	const answer = await post(
		host,
		delivery([{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }]),
	);
	return answer.status === 200 && host.executions.length === before + 1;
}

/** n8n's logger as node contexts reach it (n8n-core's container), to read what a hook logged. */
export function n8nLogger(): { error: (...args: unknown[]) => void } {
	const besideCore = path.dirname(require.resolve('n8n-core'));
	const { Container } = requireFrom<typeof import('@n8n/di')>('@n8n/di', besideCore);
	const { Logger } = requireFrom<typeof import('@n8n/backend-common')>(
		'@n8n/backend-common',
		besideCore,
	);
	return Container.get(Logger) as unknown as { error: (...args: unknown[]) => void };
}
