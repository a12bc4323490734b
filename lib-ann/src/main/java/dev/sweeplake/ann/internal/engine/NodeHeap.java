package dev.sweeplake.ann.internal.engine;

import java.util.Arrays;

/**
 * Growable binary heap of (float key, int node) on primitive arrays. A min-heap; use negated keys for a max-heap.
 * Not thread-safe.
 */
final class NodeHeap {
    private float[] keys;
    private int[] nodes;
    private int size;

    NodeHeap(int capacity) {
        keys = new float[Math.max(4, capacity)];
        nodes = new int[keys.length];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    float topKey() {
        return keys[0];
    }

    int topNode() {
        return nodes[0];
    }

    void push(float key, int node) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (keys[p] <= key) {
                break;
            }
            keys[i] = keys[p];
            nodes[i] = nodes[p];
            i = p;
        }
        keys[i] = key;
        nodes[i] = node;
    }

    /** Removes the top; read it first with topKey/topNode. */
    void pop() {
        size--;
        if (size == 0) {
            return;
        }
        float key = keys[size];
        int node = nodes[size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < size && keys[c + 1] < keys[c]) {
                c++;
            }
            if (keys[c] >= key) {
                break;
            }
            keys[i] = keys[c];
            nodes[i] = nodes[c];
            i = c;
        }
        keys[i] = key;
        nodes[i] = node;
    }
}
