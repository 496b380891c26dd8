import { wabaIdFor } from '../common';
import type { Resource } from '../operation';
import * as deregister from './deregister.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getBusinessProfile from './getBusinessProfile.operation';
import * as getBusinessPublicKey from './getBusinessPublicKey.operation';
import * as getCommerceSettings from './getCommerceSettings.operation';
import * as getConversationalAutomation from './getConversationalAutomation.operation';
import * as getUsername from './getUsername.operation';
import * as getUsernameSuggestions from './getUsernameSuggestions.operation';
import * as register from './register.operation';
import * as releaseUsername from './releaseUsername.operation';
import * as requestCode from './requestCode.operation';
import * as setBusinessPublicKey from './setBusinessPublicKey.operation';
import * as setTwoStepPin from './setTwoStepPin.operation';
import * as setUsername from './setUsername.operation';
import * as updateCommerceSettings from './updateCommerceSettings.operation';
import * as updateConversationalAutomation from './updateConversationalAutomation.operation';
import * as updateBusinessProfile from './updateBusinessProfile.operation';
import * as verifyCode from './verifyCode.operation';

export const phoneNumber: Resource = {
	option: { name: 'Phone Number', value: 'phoneNumber' },
	defaultOperation: 'list',
	parameters: [wabaIdFor('phoneNumber', ['list'])],
	operations: [
		getAll,
		get,
		register,
		deregister,
		requestCode,
		verifyCode,
		setTwoStepPin,
		getBusinessProfile,
		updateBusinessProfile,
		setBusinessPublicKey,
		getBusinessPublicKey,
		getCommerceSettings,
		updateCommerceSettings,
		getConversationalAutomation,
		updateConversationalAutomation,
		getUsername,
		getUsernameSuggestions,
		setUsername,
		releaseUsername,
	],
};
