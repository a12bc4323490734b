package dev.sweeplake.jobs.ann;

/** How base vectors are assigned to shards. */
public enum Sharding {
    /** By a hash of the id: even sizes, every query visits every shard. */
    HASH,
    /** By the nearest of k-means centroids (balanced): a query visits only its nprobe nearest shards. */
    KMEANS
}
