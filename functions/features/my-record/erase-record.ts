import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { logger } from '../../common/logger.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/**
 * Erases every item held about the trainer; their links stop working. Every team they belong to first learns that a
 * member left (without their name) and loses them from its roster (ADR 0033). Returns how many items went.
 */
export async function eraseRecord(deps: Dependencies, trainer: TrainerRecord, now: Date): Promise<number> {
  const teamsLeft = await deps.repositories.teamRosters.leaveEveryTeam(trainer.trainerId, now);
  const deleted = await deps.repositories.dataSubject.deleteTrainer(trainer.trainerId);
  logger.info('trainer deleted', { trainerId: trainer.trainerId, items: deleted, teamsLeft });
  return deleted;
}

/** Every item held about the trainer, as stored, stamped with when it was read. */
export async function exportRecord(deps: Dependencies, trainer: TrainerRecord, now: Date) {
  return { exportedAt: now.toISOString(), ...(await deps.repositories.dataSubject.exportTrainer(trainer.trainerId)) };
}
