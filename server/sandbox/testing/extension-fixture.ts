/** The owner's extension with an alert phone: who a dispute or an escalation texts. Used by tests only. */
import type { Extension } from '../../../src/domain/schemas'

export const ownerExtension: Omit<Extension, 'updatedAt'> = {
  id: 'ext-101',
  extensionNumber: '101',
  ringCentralExtensionId: null,
  employeeName: 'Kenji Sato',
  role: 'owner',
  status: 'available',
  workingHours: [],
  isPrimary: true,
  alertPhone: '+15105550111',
}
