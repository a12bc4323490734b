package dev.sweeplake.ann;
final class Placeholder {}
