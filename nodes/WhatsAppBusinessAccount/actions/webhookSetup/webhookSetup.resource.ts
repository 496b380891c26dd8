import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as check from './check.operation';

export const webhookSetup: Resource = {
	option: { name: 'Webhook Setup', value: 'webhookSetup' },
	defaultOperation: 'check',
	parameters: [wabaIdFor('webhookSetup')],
	operations: [check],
};
