// The floor is built with Latchkey's own settings (build folder, headers, flags).
export { default } from '../../next.config';
