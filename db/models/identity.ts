import type { Sequelize } from 'sequelize';
import { initAccountToken, type AccountToken } from './account-token';
import { initCompany, type Company } from './company';
import { initCompanyInvitation, type CompanyInvitation } from './company-invitation';
import { initCustomerProfile, type CustomerProfile } from './customer-profile';
import { initEmailOutbox, type EmailOutbox } from './email-outbox';
import { initMfaRecoveryCode, type MfaRecoveryCode } from './mfa-recovery-code';
import { initUser, type User } from './user';
import { initUserCredential, type UserCredential } from './user-credential';
import { initUserMfa, type UserMfa } from './user-mfa';

export interface IdentityModels {
  User: typeof User;
  Company: typeof Company;
  UserCredential: typeof UserCredential;
  CustomerProfile: typeof CustomerProfile;
  AccountToken: typeof AccountToken;
  CompanyInvitation: typeof CompanyInvitation;
  EmailOutbox: typeof EmailOutbox;
  UserMfa: typeof UserMfa;
  MfaRecoveryCode: typeof MfaRecoveryCode;
}

const initialized = new WeakMap<Sequelize, IdentityModels>();

/**
 * Every identity model, initialized once on `sequelize` (which needs its keyring attached:
 * db/encrypted attachKeyring). Sequelize models are process-wide classes: one app connection
 * per process owns them.
 */
export function identityModels(sequelize: Sequelize): IdentityModels {
  let models = initialized.get(sequelize);
  if (!models) {
    models = {
      User: initUser(sequelize),
      Company: initCompany(sequelize),
      UserCredential: initUserCredential(sequelize),
      CustomerProfile: initCustomerProfile(sequelize),
      AccountToken: initAccountToken(sequelize),
      CompanyInvitation: initCompanyInvitation(sequelize),
      EmailOutbox: initEmailOutbox(sequelize),
      UserMfa: initUserMfa(sequelize),
      MfaRecoveryCode: initMfaRecoveryCode(sequelize),
    };
    initialized.set(sequelize, models);
  }
  return models;
}
