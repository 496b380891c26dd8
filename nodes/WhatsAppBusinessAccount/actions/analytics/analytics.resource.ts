import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as getConversations from './getConversations.operation';
import * as getPricing from './getPricing.operation';
import * as getTemplates from './getTemplates.operation';

export const analytics: Resource = {
	option: { name: 'Analytics', value: 'analytics' },
	defaultOperation: 'getPricing',
	parameters: [wabaIdFor('analytics')],
	operations: [getPricing, getTemplates, getConversations],
};
