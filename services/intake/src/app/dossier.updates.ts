import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Dossier changes for GraphQL subscribers in this process. */
@Injectable()
export class DossierUpdates {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(view: { applicationId: string }) {
    this.emitter.emit(view.applicationId, view);
  }

  /** An async iterator of the application's updates, ending when the subscriber leaves. */
  async *watch(applicationId: string): AsyncGenerator<unknown> {
    const queue: unknown[] = [];
    let wake: (() => void) | undefined;
    const listener = (view: unknown) => {
      queue.push(view);
      wake?.();
    };
    this.emitter.on(applicationId, listener);
    try {
      for (;;) {
        while (queue.length) yield queue.shift();
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      this.emitter.off(applicationId, listener);
    }
  }
}
