import { IMAGE_SIZE, toMnistInput } from '../digit';
import { MNIST_MEAN, MNIST_STD } from '@initlab/mnist';

/** Side of the drawing canvas in canvas pixels. */
const PAD_SIZE = 280;

/**
 * Stroke width in canvas pixels. A digit drawn 200 px tall is scaled by
 * 20/200 into the 20x20 box, which leaves strokes about 2 pixels wide, like
 * a thin MNIST digit.
 */
const STROKE_WIDTH = 22;

/**
 * A canvas to draw a digit on with a mouse, pen or finger. Pointer events
 * cover all three, and `touch-action: none` in the style sheet keeps a
 * finger from scrolling the page.
 */
export class DrawPad {
  private readonly context: CanvasRenderingContext2D;
  private drawing = false;
  private hasInk = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly preview: HTMLCanvasElement,
    private readonly onDigit: (pixels: Float32Array | undefined) => void,
  ) {
    canvas.width = PAD_SIZE;
    canvas.height = PAD_SIZE;
    preview.width = IMAGE_SIZE;
    preview.height = IMAGE_SIZE;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser has no 2D canvas');
    this.context = context;
    this.clear();

    canvas.addEventListener('pointerdown', (event) => this.begin(event));
    canvas.addEventListener('pointermove', (event) => this.extend(event));
    canvas.addEventListener('pointerup', () => this.end());
    canvas.addEventListener('pointercancel', () => this.end());
  }

  /** Erases the drawing and reports an empty digit. */
  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
    this.hasInk = false;
    this.drawPreview(undefined);
    this.onDigit(undefined);
  }

  /** Returns the drawing as 784 standardized pixels, or undefined when empty. */
  read(): Float32Array | undefined {
    if (!this.hasInk) return undefined;
    const { data } = this.context.getImageData(0, 0, PAD_SIZE, PAD_SIZE);
    const gray = new Float32Array(PAD_SIZE * PAD_SIZE);
    for (let i = 0; i < gray.length; i++) gray[i] = data[4 * i] / 255;
    return toMnistInput(gray, PAD_SIZE, PAD_SIZE);
  }

  private begin(event: PointerEvent): void {
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.drawing = true;
    const [x, y] = this.position(event);
    this.context.strokeStyle = '#fff';
    this.context.fillStyle = '#fff';
    this.context.lineWidth = STROKE_WIDTH;
    this.context.lineCap = 'round';
    this.context.lineJoin = 'round';
    this.context.beginPath();
    this.context.arc(x, y, STROKE_WIDTH / 2, 0, 2 * Math.PI);
    this.context.fill();
    this.context.beginPath();
    this.context.moveTo(x, y);
    this.hasInk = true;
  }

  private extend(event: PointerEvent): void {
    if (!this.drawing) return;
    const [x, y] = this.position(event);
    this.context.lineTo(x, y);
    this.context.stroke();
    this.context.beginPath();
    this.context.moveTo(x, y);
  }

  private end(): void {
    if (!this.drawing) return;
    this.drawing = false;
    const pixels = this.read();
    this.drawPreview(pixels);
    this.onDigit(pixels);
  }

  /** Returns the pointer's position in canvas pixels. */
  private position(event: PointerEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) / rect.width) * PAD_SIZE,
      ((event.clientY - rect.top) / rect.height) * PAD_SIZE,
    ];
  }

  /** Shows the 28x28 input the models see, mapped back to gray levels. */
  private drawPreview(pixels: Float32Array | undefined): void {
    const context = this.preview.getContext('2d');
    if (!context) return;
    const image = context.createImageData(IMAGE_SIZE, IMAGE_SIZE);
    for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
      const value = pixels ? pixels[i] * MNIST_STD + MNIST_MEAN : 0;
      const level = Math.round(Math.min(1, Math.max(0, value)) * 255);
      image.data.set([level, level, level, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
  }
}
