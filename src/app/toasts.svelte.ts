export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Toast {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly message: string;
  readonly action?: ToastAction;
}

/** Short messages at the corner of the screen; errors stay until dismissed. */
export class Toasts {
  list = $state<readonly Toast[]>([]);
  #next = 1;

  show(
    kind: Toast['kind'],
    message: string,
    action?: ToastAction,
    durationMs = kind === 'error' ? 0 : 6000,
  ): number {
    const id = this.#next++;
    this.list = [...this.list, action ? { id, kind, message, action } : { id, kind, message }];
    if (durationMs > 0) setTimeout(() => this.dismiss(id), durationMs);
    return id;
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}
