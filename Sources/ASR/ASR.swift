/// Speech and text recognition: hassil-style grammars, G2P, the int8 GRU acoustic model and the decoder.
public enum ASRModule {}
