import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as deregister from './deregister.operation';
import * as get from './get.operation';
import * as getBusinessProfile from './getBusinessProfile.operation';
import * as getAll from './getAll.operation';
import * as register from './register.operation';
import * as requestCode from './requestCode.operation';
import * as setTwoStepPin from './setTwoStepPin.operation';
import * as updateBusinessProfile from './updateBusinessProfile.operation';
import * as verifyCode from './verifyCode.operation';

export const operations: Record<string, OperationExecutor> = {
	// saved workflows hold 'list' (Get Many)
	list: getAll.execute,
	get: get.execute,
	register: register.execute,
	deregister: deregister.execute,
	requestCode: requestCode.execute,
	verifyCode: verifyCode.execute,
	setTwoStepPin: setTwoStepPin.execute,
	getBusinessProfile: getBusinessProfile.execute,
	updateBusinessProfile: updateBusinessProfile.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['phoneNumber'] } },
	options: [
		{
			name: 'Deregister',
			value: 'deregister',
			description:
				'Stop using a business number with the Cloud API (it can be registered again later)',
			action: 'Deregister phone number',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Read one business phone number',
			action: 'Get phone number',
		},
		{
			name: 'Get Business Profile',
			value: 'getBusinessProfile',
			description:
				'Get the profile customers see for a business number: about text, address, email, websites and more',
			action: 'Get business profile of phone number',
		},
		{
			name: 'Get Many',
			value: 'list',
			description: "Get the account's business phone numbers",
			action: 'Get many phone numbers',
		},
		{
			name: 'Register',
			value: 'register',
			description:
				'Register a verified business number for the Cloud API, with its two-step verification PIN',
			action: 'Register phone number',
		},
		{
			name: 'Request Verification Code',
			value: 'requestCode',
			description: 'Have Meta send a verification code to a business number by SMS or voice call',
			action: 'Request verification code for phone number',
		},
		{
			name: 'Set Two-Step Verification PIN',
			value: 'setTwoStepPin',
			description: 'Set or change the six-digit two-step verification PIN of a business number',
			action: 'Set two step verification pin of phone number',
		},
		{
			name: 'Update Business Profile',
			value: 'updateBusinessProfile',
			description: 'Change the profile customers see for a business number',
			action: 'Update business profile of phone number',
		},
		{
			name: 'Verify Code',
			value: 'verifyCode',
			description: 'Verify a business number with the code Meta sent to it',
			action: 'Verify phone number with code',
		},
	],
	default: 'list',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...getAll.description,
	...get.description,
	...register.description,
	...deregister.description,
	...requestCode.description,
	...verifyCode.description,
	...setTwoStepPin.description,
	...getBusinessProfile.description,
	...updateBusinessProfile.description,
];
