// The pointer, wheel and keyboard over the strip, sorted into what they mean: pan (space-drag or
// middle-drag, Shift+wheel), zoom around the pointer (wheel), the minimap (click or drag to move the
// view), and everything else for the tool at work. SteelEngine acts on it.

export interface InputActions {
  /** False while there is no strip: input is ignored. */
  active(): boolean;
  panBy(dx: number, dy: number): void;
  zoomAt(factor: number, sx: number, sy: number): void;
  /** A click or drag on the minimap at these client coordinates. */
  minimapAt(clientX: number, clientY: number): void;
  /** The left button went down for the tool; false when no tool can take it. */
  toolDown(event: PointerEvent): boolean;
  /** The pointer moved; `samples` are the event's coalesced samples (the event itself when none). */
  toolMove(samples: readonly PointerEvent[], pressed: boolean): void;
  toolUp(event: PointerEvent): void;
  toolDoubleClick(event: MouseEvent): void;
  /** The pointer is over the strip at (sx, sy) of the stage, or left it (null); `panning` while the view is dragged. */
  hover(at: { sx: number; sy: number } | null, panning: boolean): void;
}

const WHEEL_STEP = 0.0015;

export class StageInput {
  private pan: { id: number; x: number; y: number } | null = null;
  private toolPointer: number | null = null;
  private spaceHeld = false;

  constructor(
    private readonly host: HTMLElement,
    minimap: HTMLCanvasElement,
    private readonly actions: InputActions,
    signal: AbortSignal,
  ) {
    host.addEventListener('pointerdown', (e) => this.onPointerDown(e), { signal });
    host.addEventListener('pointermove', (e) => this.onPointerMove(e), { signal });
    host.addEventListener('pointerup', (e) => this.onPointerUp(e), { signal });
    host.addEventListener('pointercancel', (e) => this.onPointerUp(e), { signal });
    host.addEventListener('pointerleave', () => actions.hover(null, false), { signal });
    host.addEventListener('dblclick', (e) => actions.active() && actions.toolDoubleClick(e), { signal });
    host.addEventListener('wheel', (e) => this.onWheel(e), { passive: false, signal });
    host.addEventListener('contextmenu', (e) => e.preventDefault(), { signal });
    window.addEventListener('keydown', (e) => this.onSpace(e, true), { signal });
    window.addEventListener('keyup', (e) => this.onSpace(e, false), { signal });
    window.addEventListener('blur', () => this.setSpace(false), { signal });
    const onMinimap = (e: PointerEvent) => {
      if (!actions.active() || (e.type === 'pointermove' && !(e.buttons & 1))) return;
      if (e.type === 'pointerdown') minimap.setPointerCapture(e.pointerId);
      actions.minimapAt(e.clientX, e.clientY);
    };
    minimap.addEventListener('pointerdown', onMinimap, { signal });
    minimap.addEventListener('pointermove', onMinimap, { signal });
  }

  private stagePoint(event: MouseEvent): { sx: number; sy: number } {
    const box = this.host.getBoundingClientRect();
    return { sx: event.clientX - box.left, sy: event.clientY - box.top };
  }

  private onSpace(event: KeyboardEvent, down: boolean): void {
    if (event.key !== ' ' || isTextField(event.target)) return;
    event.preventDefault(); // no page scroll, and no click on a focused button
    this.setSpace(down);
  }

  private setSpace(held: boolean): void {
    this.spaceHeld = held;
    this.host.classList.toggle('pan-ready', held);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.actions.active()) return;
    if (event.button === 1 || (event.button === 0 && this.spaceHeld)) {
      event.preventDefault();
      this.pan = { id: event.pointerId, x: event.clientX, y: event.clientY };
      this.host.setPointerCapture(event.pointerId);
      this.host.classList.add('panning');
      this.actions.hover(null, true);
      return;
    }
    if (event.button !== 0 || this.toolPointer !== null) return;
    if (!this.actions.toolDown(event)) return;
    this.toolPointer = event.pointerId;
    this.host.setPointerCapture(event.pointerId);
  }

  private onPointerMove(event: PointerEvent): void {
    if (this.pan && event.pointerId === this.pan.id) {
      this.actions.panBy(event.clientX - this.pan.x, event.clientY - this.pan.y);
      this.pan = { ...this.pan, x: event.clientX, y: event.clientY };
      return;
    }
    if (!this.actions.active()) return;
    this.actions.hover(this.stagePoint(event), this.spaceHeld);
    const pressed = this.toolPointer === event.pointerId;
    const samples = pressed && typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    this.actions.toolMove(samples.length ? samples : [event], pressed);
  }

  private onPointerUp(event: PointerEvent): void {
    if (this.pan && event.pointerId === this.pan.id) {
      this.pan = null;
      this.host.classList.remove('panning');
      return;
    }
    if (this.toolPointer !== event.pointerId) return;
    this.toolPointer = null;
    if (this.host.hasPointerCapture(event.pointerId)) this.host.releasePointerCapture(event.pointerId);
    this.actions.toolUp(event);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    if (!this.actions.active()) return;
    if (event.shiftKey && !event.ctrlKey) return this.actions.panBy(-(event.deltaX || event.deltaY), 0); // Shift + wheel slides along the strip
    const { sx, sy } = this.stagePoint(event);
    this.actions.zoomAt(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : WHEEL_STEP)), sx, sy);
  }
}

/** Keys typed into a text field are the field's; sliders, boxes and buttons leave them to the canvas. */
export function isTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  if (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  return element.tagName === 'INPUT' && !['range', 'checkbox', 'radio', 'button'].includes((element as HTMLInputElement).type);
}
