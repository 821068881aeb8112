// The period the owner picked, shared by Ringkasan, Penjualan and Ekspor while the page lives.
import { periodOf, type Period } from './period';

export const prefs = $state({ period: periodOf('today', Date.now()) as Period });
