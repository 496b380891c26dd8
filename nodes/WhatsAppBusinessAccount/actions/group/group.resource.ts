import { phoneNumberIdProperty } from '../common';
import type { Resource } from '../operation';
import * as approveJoinRequests from './approveJoinRequests.operation';
import { groupIdProperty } from './common';
import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getInviteLink from './getInviteLink.operation';
import * as getJoinRequests from './getJoinRequests.operation';
import * as rejectJoinRequests from './rejectJoinRequests.operation';
import * as removeParticipants from './removeParticipants.operation';
import * as resetInviteLink from './resetInviteLink.operation';
import * as update from './update.operation';

/** WhatsApp groups of a business number (Meta's Groups API; Official Business Accounts only). */
export const group: Resource = {
	option: { name: 'Group', value: 'group' },
	defaultOperation: 'getAll',
	parameters: [
		phoneNumberIdProperty(
			{ resource: ['group'], operation: ['create', 'getAll'] },
			'The business phone number the groups belong to (its phone number ID)',
		),
		groupIdProperty,
	],
	operations: [
		create,
		get,
		getAll,
		update,
		deleteGroup,
		getInviteLink,
		resetInviteLink,
		getJoinRequests,
		approveJoinRequests,
		rejectJoinRequests,
		removeParticipants,
	],
};
