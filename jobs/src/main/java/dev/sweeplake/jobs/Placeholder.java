package dev.sweeplake.jobs;
final class Placeholder {}
