// Short WebAudio beeps at the counter: a high short one when a scan adds to the cart, a low
// double one when a barcode is not known. On by default; the choice is kept in localStorage.
// Never throws: headless browsers and windows without audio simply stay silent.

const KEY = 'laris.sound';

export function soundEnabled(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setSoundEnabled(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // No storage: the choice lasts for this page only.
  }
}

let ctx: AudioContext | null = null;

function context(): AudioContext | null {
  try {
    if (!ctx) {
      const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return null;
      ctx = new Ctor();
    }
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    return ctx;
  } catch {
    return null;
  }
}

function beep(freq: number, startS: number, lengthS: number): void {
  const c = context();
  if (!c) return;
  try {
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    const t0 = c.currentTime + startS;
    gain.gain.setValueAtTime(0.08, t0);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + lengthS);
    osc.connect(gain).connect(c.destination);
    osc.start(t0);
    osc.stop(t0 + lengthS + 0.02);
  } catch {
    // Audio refused: stay silent.
  }
}

export type Sound = 'added' | 'notFound';

export function play(sound: Sound): void {
  if (!soundEnabled()) return;
  if (sound === 'added') beep(1760, 0, 0.06);
  else {
    beep(330, 0, 0.12);
    beep(330, 0.18, 0.12);
  }
}
