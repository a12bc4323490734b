package dev.sweeplake.ctr;
final class Placeholder {}
