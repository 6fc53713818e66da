// The L2, L1 and Frobenius norms written with elementwise ops and sums (the engine has no norm()).
import { ones, tensor, type Tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const u = tensor([3, -4]);
  print(u.pow(2).sum().sqrt());            // torch.norm(u): L2, the length
  print(u.abs().sum());                    // L1: sum of absolute values
  print(ones([4, 9]).pow(2).sum().sqrt()); // Frobenius norm of a 4×9 matrix: √36

  const norm = (t: Tensor) => t.pow(2).sum().sqrt().item().toFixed(4);
  const a = tensor([1, 2, 2]), b = tensor([-2, 0, 1]);
  print(norm(a.add(b)), '<=', norm(a), '+', norm(b));  // the triangle inequality
  print(norm(a.mul(-3)), '=', '3 ×', norm(a));          // ‖αx‖ = |α|·‖x‖
  // demo:end
}
